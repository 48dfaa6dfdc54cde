// Compiles the stylesheet (govuk-frontend with this service's brand settings) into
// src/web/assets/generated/, which git ignores. Run by `npm start`, `npm test` and the server itself.
import { buildStylesheet } from '../src/web/stylesheet.ts';

const { path, built } = buildStylesheet();
console.log(built ? `Built ${path}` : `Up to date: ${path}`);
