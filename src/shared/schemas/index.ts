// The domain types of the contract, inferred from their schemas, in one place.
export * from './audit';
export * from './cache';
export * from './hosts';
export * from './jobs';
export * from './media';
export * from './site';
export * from './closures';
export * from './deploy';
export * from './incident';
export * from './checks';
export * from './mirrors';
export * from './profiles';
