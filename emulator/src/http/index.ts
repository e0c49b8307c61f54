export * from './host';
export * from './oauth';
export * from './server';
export * from './oauth2';
