import { path } from '../../../web/kit/paths.ts';

export const PREFIX = '/workforce';

/** The data standard's page, its JSON Schema and the return templates. */
export const standardPaths = {
  standard: path('/workforce/standard'),
  schema: path('/workforce/standard/schema.json'),
  csvTemplate: path('/workforce/templates/workforce-return.csv'),
  xlsxTemplate: path('/workforce/templates/workforce-return.xlsx'),
};
