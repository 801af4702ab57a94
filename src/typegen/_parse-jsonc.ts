/** tsconfig.json is JSONC: comments and trailing commas are allowed. */

/** Parses JSON with `//` and `/* *\/` comments and trailing commas; throws SyntaxError like JSON.parse. */
export function parseJsonc(text: string): unknown {
  let out = ''
  // Where in `out` the last comma outside a string sits, while only whitespace followed it.
  let pendingComma = -1
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '"') {
      // Copy a string verbatim, escapes included, so `//` or `,]` inside a value stays.
      let j = i + 1
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      out += text.slice(i, j + 1)
      pendingComma = -1
      i = j + 1
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
    } else {
      if ((ch === '}' || ch === ']') && pendingComma !== -1) {
        out = out.slice(0, pendingComma) + out.slice(pendingComma + 1)
      }
      if (ch === ',') pendingComma = out.length
      else if (!/\s/.test(ch)) pendingComma = -1
      out += ch
      i++
    }
  }
  return JSON.parse(out)
}
