'use strict';
// express, router and body-parser log through this only when DEBUG is set, which the Lambda never sets (see ../README.md).
function createDebug() {
  const log = () => undefined;
  log.enabled = false;
  log.extend = createDebug;
  return log;
}
createDebug.enable = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;
module.exports = createDebug;
