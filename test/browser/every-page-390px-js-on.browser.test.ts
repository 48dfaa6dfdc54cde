// The every-page crawler at 390 px with JavaScript on (test/browser/crawler.ts).
import { crawlEveryPage } from './crawler.ts';

crawlEveryPage({ width: 390, javaScript: true });
