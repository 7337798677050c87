'use strict';
// mime-types loads this to name content types; our responses are JSON or text (see ../README.md).
module.exports = {
  'application/json': { source: 'iana', charset: 'UTF-8', compressible: true, extensions: ['json'] },
  'text/html': { source: 'iana', compressible: true, extensions: ['html', 'htm'] },
  'text/plain': { source: 'iana', compressible: true, extensions: ['txt', 'text'] },
  'application/octet-stream': { source: 'iana', compressible: false, extensions: ['bin'] },
};
