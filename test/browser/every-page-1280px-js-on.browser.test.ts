// The every-page crawler at 1280 px with JavaScript on (test/browser/crawler.ts).
import { crawlEveryPage } from './crawler.ts';

crawlEveryPage({ width: 1280, javaScript: true });
