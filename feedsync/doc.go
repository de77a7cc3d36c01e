// Package feedsync implements FeedSync 1.0.1 over Atom 1.0 and RSS 2.0 as livemesh specifies it
// in spec/feedsync.md: the document model, decoding with limits, encoding and the normative
// canonical encoding of items (§ "Canonical encoding"), and validation that reports every
// violation with its requirement ID and line (§ "Format").
//
// The model keeps what it does not interpret: host Atom/RSS markup and foreign elements,
// attributes and text survive Decode → Encode, so a replica that merges a feed passes on
// everything other publishers put in it. FeedSync attributes are kept in their lexical form
// (Attr values), so that a document that breaks a lexical rule still decodes and Validate can
// say which rule and where; typed accessors read the values of valid documents.
//
// Decoding fails only on what cannot be read at all (malformed XML, DTDs and entity
// declarations, the limits of DecodeOptions, an SSE 0.9x namespace, a document element that is
// neither atom:feed nor rss). Everything else is a Validate violation.
package feedsync
