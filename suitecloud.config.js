// SuiteCloud CLI project configuration (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/article_0809061004.html).
module.exports = {
  defaultProjectFolder: 'src',
  commands: {},
};
