'use strict';
// body-parser and raw-body load this to decode bodies; ours are UTF-8 JSON (see ../README.md).
const UTF8 = /^utf-?8$/i;
function refuse(encoding) {
  // raw-body turns exactly this message into a 415 "unsupported charset".
  throw new Error(`Encoding not recognized: '${encoding}'`);
}
module.exports = {
  encodingExists: (encoding) => UTF8.test(encoding),
  getDecoder(encoding) {
    if (!UTF8.test(encoding)) refuse(encoding);
    const { StringDecoder } = require('string_decoder');
    const decoder = new StringDecoder('utf8');
    return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() };
  },
  decode(buffer, encoding) {
    if (!UTF8.test(encoding)) refuse(encoding);
    return buffer.toString('utf8');
  },
};
