import { Kind, parse } from 'graphql';
import type { AnySourceDefinition } from '../sources/SourceDefinition.js';

/**
 * A source takes part in the cost report exactly when its SDL adds its `cost.inputField` to
 * `CostReportSources`: a field without the capability would be accepted and ignored, and a
 * capability without the field could never be asked for.
 */
export function assertCostInputDeclared(source: AnySourceDefinition): void {
  const inSdl: string[] = [];
  for (const def of parse(source.typeDefs).definitions) {
    if ((def.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION || def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) && def.name.value === 'CostReportSources') {
      for (const f of def.fields ?? []) inSdl.push(f.name.value);
    }
  }
  const expected = source.cost ? [source.cost.inputField] : [];
  if (inSdl.length !== expected.length || inSdl.some((f, i) => f !== expected[i])) {
    throw new Error(
      `Source ${source.name}: its SDL adds ${inSdl.length ? inSdl.join(', ') : 'no field'} to CostReportSources, ` +
        `but its cost capability ${source.cost ? `names ${source.cost.inputField}` : 'is absent'}.`,
    );
  }
}
