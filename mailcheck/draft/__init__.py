"""Input: bytes, MIME, charsets and HTML in; the `Draft` out (new text, sign-off,
signature and quotes, each with exact offsets). Nothing here knows about language or rules."""
