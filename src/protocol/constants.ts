/** The TCP port the helper listens on (127.0.0.1 only) unless configured otherwise. */
export const DEFAULT_HELPER_PORT = 7737;
