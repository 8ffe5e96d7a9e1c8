// Types of buildStamps.mjs for the TypeScript tests.
export interface BuildTarget {
  name: string;
  inputs: ReadonlyArray<string | RegExp>;
  output: string;
  script: string;
}
export type Stamps = Record<string, string>;
export interface StaleTarget {
  target: BuildTarget;
  stamp: string;
  reason: string;
}
export declare const TARGETS: readonly BuildTarget[];
export declare const STAMPS_FILE: string;
export declare function inputFiles(rootDir: string, target: BuildTarget): string[];
export declare function stampOf(rootDir: string, target: BuildTarget): string;
export declare function computeStamps(rootDir: string, targets?: readonly BuildTarget[]): Stamps;
export declare function staleTargets(rootDir: string, stamps: Stamps | undefined, targets?: readonly BuildTarget[]): StaleTarget[];
export declare function readStamps(rootDir: string): Stamps;
