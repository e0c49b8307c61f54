export * from './host';
export * from './oauth';
export * from './server';
