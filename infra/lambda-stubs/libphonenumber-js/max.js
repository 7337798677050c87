'use strict';
// class-validator loads this for IsPhoneNumber, which no DTO uses (see ../README.md).
const unused = () => {
  throw new Error('phone number validation is not bundled');
};
module.exports = { parsePhoneNumberFromString: unused, parsePhoneNumber: unused, isValidPhoneNumber: unused };
