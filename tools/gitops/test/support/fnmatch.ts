/**
 * A path pattern as GitHub's rulesets read it: Ruby's File.fnmatch with FNM_PATHNAME and without
 * FNM_DOTMATCH (GitHub's rulesets documentation). `*` and `?` never match `/` nor a leading `.` of a
 * path component; `**` followed by `/` matches zero or more directories whose names do not start with
 * `.`. Character sets are not supported here (the rulesets in .github/rulesets use none).
 */
export function fnmatchPathname(pattern: string): RegExp {
  if (/[[\]{}\\]/.test(pattern)) throw new Error(`${pattern}: sets, braces and escapes are not supported here`);
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const atComponentStart = index === 0 || pattern[index - 1] === '/';
    if (pattern.startsWith('**/', index) && atComponentStart) {
      source += '(?:[^/.][^/]*/)*';
      index += 2;
    } else if (pattern[index] === '*') {
      source += atComponentStart ? '(?:[^/.][^/]*)?' : '[^/]*';
    } else if (pattern[index] === '?') {
      source += atComponentStart ? '[^/.]' : '[^/]';
    } else {
      source += pattern[index]!.replace(/[.+^$()|]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
