/**
 * One master key for every test of a run: processors of one test may meet records another test wrote to
 * the shared raw topics, and must be able to decrypt them rather than dead-letter them. Test-only; never
 * a default in any app.
 */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
