/**
 * Every limit on input Threefold reads but did not write: projects, catalogs, a destination's manifest chain,
 * a client's requests. Each sits far above what real input reaches (the figures measured are beside it) and
 * keeps a hostile file to a few seconds and a few hundred MB before it is refused.
 */

const KIB = 1024;
const MIB = 1024 * KIB;

/** What a refusal by a limit says: the file, the limit it passed, and that Threefold does not read it. */
export function passedLimit(file: string, what: string, kind: 'project' | 'catalog' = 'project'): string {
  return `${file}: not a ${kind} Threefold can read: ${what}`;
}

// Premiere Pro projects (.prproj: gzip or plain XML).

/** A project's XML nests 8 deep; the parser keeps one entry per open element (30 million nested took 4.5 GB). */
export const PROJECT_XML_MAX_DEPTH = 256;

/** A real project has one element per 100-160 bytes of XML: a 200 MB project has ~2 million. */
export const PROJECT_XML_MAX_ELEMENTS = 10_000_000;

/** Premiere writes at most 3 attributes on an element; the parser keeps them all until the tag ends. */
export const PROJECT_XML_MAX_ATTRIBUTES = 256;

/**
 * The most the parser may gather of one name, attribute value, comment, CDATA section, processing instruction
 * or media field before handing it on (it holds it meanwhile, at up to ~30 bytes a character when it is
 * full of entities). Real ones are a few hundred characters; the long texts of a project (embedded
 * settings, 0.85 M characters in a lesson project) are skipped without being gathered.
 */
export const PROJECT_XML_MAX_TOKEN_CHARS = 1 * MIB;

/** A feature film's project is 200 MB+ of XML; past this the parse alone would take half a minute. */
export const PROJECT_XML_MAX_BYTES = 1024 * MIB;

/** Premiere's XML compresses 14-20 times; a gzip bomb reaches 1000 times. */
export const PROJECT_GZIP_MAX_RATIO = 100;

/** Below this decompressed size the ratio is not checked: small projects stay clear of it (a 100 KB one is 2 MB). */
export const PROJECT_GZIP_RATIO_FLOOR_BYTES = 16 * MIB;

/** `<Media>` items in one project: a feature film has 100,000+; each kept item costs ~1.3 KB. */
export const PROJECT_MAX_MEDIA = 500_000;

/** One media field (a path, a title): the longest path any system allows is 32,767 characters. */
export const PROJECT_MEDIA_FIELD_MAX_CHARS = 64 * KIB;

/** All media fields kept, together: ~200 characters a media in real projects (20 M at 100,000 media). */
export const PROJECT_MEDIA_MAX_TEXT_CHARS = 128 * MIB;

// Lightroom Classic catalogs (.lrcat: SQLite).

/** Photo rows in a catalog (virtual copies included): the largest catalogs in use hold about a million. */
export const CATALOG_MAX_PHOTOS = 2_000_000;

/**
 * One value of the columns read (paths, names, ids), in bytes, checked before it is loaded: the longest path
 * any system allows is 32,767 characters, 4 bytes each at most. SQLite allows values of 1 GB.
 */
export const CATALOG_FIELD_MAX_BYTES = 128 * KIB;

/** All paths and names kept, together: a million photos take ~130 M characters. */
export const CATALOG_MAX_TEXT_CHARS = 256 * MIB;

// A destination's ASC MHL chain (ascmhl/ascmhl_chain.xml), which anyone who can write there can change.

/** ~150 bytes a generation: 100,000 generations are 15 MB (one an hour for eleven years). */
export const MHL_CHAIN_MAX_BYTES = 32 * MIB;

/** One generation a rebuild reads: Threefold writes ~250 bytes a file (25 MB for 100,000); 4 million files fit. */
export const MHL_GENERATION_MAX_BYTES = 1024 * MIB;

/** One path or hash in a generation: the longest path any system allows is 32,767 characters. */
export const MHL_FIELD_MAX_CHARS = 64 * KIB;

/** A generation nests 4 deep. */
export const MHL_MAX_DEPTH = 32;

// A client's request to the helper (a paired client can send up to MAX_MESSAGE_BYTES of JSON).

/** A request nests 5 deep; 16 million nested arrays take 1.6 GB to parse. */
export const REQUEST_JSON_MAX_DEPTH = 64;

/**
 * Arrays, objects and further elements in one request (jsonShape): a host's list of 100,000 media has
 * ~800,000; 4 million empty arrays take JSON.parse 316 MB and 2.3 s, 11 million empty objects 1 GB.
 */
export const REQUEST_JSON_MAX_VALUES = 2_000_000;
