'use strict';
// side-channel (under qs) formats a key with this only inside an error message (see ../README.md).
module.exports = (value) => String(value);
