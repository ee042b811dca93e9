export { createPgPiiCipher } from './createPii.js';
export { CiphertextError, KeyStoreUnavailableError, MasterKeyError, PiiError, UnknownSubjectKeyError } from './errors.js';
export { createMemoryKeyStore, type StoredKey, type SubjectKeyStore } from './keyStore.js';
export { createLocalKeyWrapper, parseMasterKey, type KeyWrapper } from './keyWrapper.js';
export { createPgKeyStore } from './pgKeyStore.js';
export { createPiiCipher, deriveHashSecret, isEncrypted, PII_PREFIX, type PiiCipher, type PiiCipherOptions, type Revealed } from './piiCipher.js';
export { protectHistory, protectRecord, revealRecord } from './protectRecord.js';
export { assertSubjectId, forgetSubject, type ForgetRequest, type ForgetResult } from './forgetSubject.js';
export { ERASED_MARKER, revealPersonalValues, subjectOfCiphertext, WITHHELD_MARKER, type RevealOptions } from './revealPersonalValues.js';
