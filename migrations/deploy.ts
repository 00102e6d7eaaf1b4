// Anchor deploy hook (`anchor migrate`). bulkhead needs no post-deploy set-up: pools are created by
// their own creators with `create_pool` (see app/ and README.md).
export default async function deploy(): Promise<void> {}
