/** The TCP port the helper listens on (127.0.0.1 only) unless configured otherwise. */
export const DEFAULT_HELPER_PORT = 7737;

/** Raised when a message changes meaning; a client speaking another version is refused with a clear error. */
export const PROTOCOL_VERSION = 1;

/**
 * The largest message the helper reads. A status request for a 100,000-clip project (its media
 * references) is about 20 MB; anything larger is refused before it is read.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Progress events per job and second, at most (the panel redraws at this pace). */
export const MAX_PROGRESS_PER_SECOND = 10;
