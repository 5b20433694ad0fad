// The query string, parsed once per request by the pipeline's `parseQuery` step and read by
// the operation's validation. It reads as Hono's own parser does (`+` as a space, escapes
// decoded where they are valid and kept as sent where not, a repeated name as a list, a name
// without `=` as an empty value, empty segments such as `?a=1&&` skipped), with one
// difference: a parameter with an empty name (`?=x`, `?a=1&=x`) names no parameter, and is
// refused like an unknown one instead of being quietly dropped.

/** The query's parameters: one value per name, or a list when a name is repeated. */
export type QueryParams = Record<string, string | string[]>;

/** An escape sequence run, decoded on its own when the whole text does not decode. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

function decode(text: string): string {
  if (text.indexOf("%") === -1 && text.indexOf("+") === -1) return text;
  const spaced = text.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(ESCAPES, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/**
 * Sets an own property even for `__proto__`, which plain assignment would take as the
 * prototype: every name is a parameter like any other (and, being unknown, refused).
 */
function setParam(params: QueryParams, name: string, value: string): void {
  if (name === "__proto__") {
    Object.defineProperty(params, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else params[name] = value;
}

/** The query's parameters, or undefined when one of them has an empty name. */
export function parseQuery(url: string): QueryParams | undefined {
  const params: QueryParams = {};
  const start = url.indexOf("?");
  if (start === -1) return params;
  let at = start + 1;
  while (at <= url.length) {
    let end = url.indexOf("&", at);
    if (end === -1) end = url.length;
    if (end > at) {
      const equals = url.indexOf("=", at);
      const hasValue = equals !== -1 && equals < end;
      if (equals === at) return undefined;
      const name = decode(url.slice(at, hasValue ? equals : end));
      const value = hasValue ? decode(url.slice(equals + 1, end)) : "";
      const earlier = Object.hasOwn(params, name) ? params[name] : undefined;
      if (earlier === undefined) setParam(params, name, value);
      else if (Array.isArray(earlier)) earlier.push(value);
      else params[name] = [earlier, value];
    }
    at = end + 1;
  }
  return params;
}
