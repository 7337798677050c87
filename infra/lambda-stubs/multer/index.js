'use strict';
// @nestjs/platform-express loads this for file uploads, which no route takes (see ../README.md).
function multer() {
  throw new Error('file uploads are not bundled');
}
multer.memoryStorage = multer;
multer.diskStorage = multer;
module.exports = multer;
