/** Strings of a tenant's owner invitation (create dialog and the tenant's page), English first. */
export const tenantOwnerStrings = {
  'tenants.ownerEmail': "Owner's email (gets an invitation)",
  'tenants.ownerEmailHint': 'Optional: they get a code to accept the invitation and run the shop as its owner',
  'tenants.owner': 'Owner',
  'tenants.ownerHint': 'Invite an owner into this shop (for example when the first invitation expired): they get a mail with a code to accept with. An address still invited gets a new code.',
  'tenants.inviteOwner': 'Invite an owner',
  'tenants.inviteOwnerEmail': "Owner's email",
  'tenants.ownerInvited': 'Invitation sent to {email}',
};
