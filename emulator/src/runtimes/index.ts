export * from './host';
export * from './restlet';
export * from './suitelet';
export * from './scheduled';
export * from './mapreduce';
export * from './scheduler';
