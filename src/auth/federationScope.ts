/**
 * The scope that lets a router read the subgraph schema (`_service { sdl }`) when introspection
 * is off. `*` includes it, so keys without their own policy have it.
 */
export const FEDERATION_SCOPE = 'federation';
