// The account-check project: a separate SDF project (its own manifest and objects) so checking an
// account never deploys the connector, and deploying the connector never ships the checks.
module.exports = {
  defaultProjectFolder: 'src',
  commands: {},
};
