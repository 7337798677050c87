// esbuild --inject takes the names an ES module exports; the formatter itself is CommonJS for the tests.
import lazy from './index.js';

export const LazyDateTimeFormat = lazy.LazyDateTimeFormat;
