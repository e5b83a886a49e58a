// Which files a directory-type Application syncs. Argo CD matches `directory.include` and
// `directory.exclude` ({a,b} alternatives and * wildcards) against each manifest file's path relative
// to `source.path`. Whether its `*` also crosses "/" is a detail these checks should not rest on, so
// every file is matched under both readings, and a file whose fate differs between them is reported
// as ambiguous rather than guessed.

interface Directory {
  recurse?: boolean;
  include?: string;
  exclude?: string;
}

function expandBraces(pattern: string): string[] {
  const match = /\{([^{}]*)\}/.exec(pattern);
  if (!match) return [pattern];
  return match[1]!
    .split(',')
    .flatMap((choice) =>
      expandBraces(pattern.slice(0, match.index) + choice + pattern.slice(match.index + match[0].length)),
    );
}

function matches(pattern: string, path: string, starCrossesSlash: boolean): boolean {
  const star = starCrossesSlash ? '.*' : '[^/]*';
  return expandBraces(pattern).some((alternative) => {
    const source = alternative
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join(star);
    return new RegExp(`^${source}$`).test(path);
  });
}

function synced(file: string, directory: Directory, starCrossesSlash: boolean): boolean {
  if (!/\.(ya?ml|json)$/.test(file)) return false;
  if (!directory.recurse && file.includes('/')) return false;
  if (directory.include && !matches(directory.include, file, starCrossesSlash)) return false;
  return !(directory.exclude && matches(directory.exclude, file, starCrossesSlash));
}

/** The files (relative to the source path) an Application with this `directory` syncs. */
export function directorySourceFiles(files: string[], directory: Directory): { synced: string[]; ambiguous: string[] } {
  const strict = files.filter((file) => synced(file, directory, false));
  const loose = files.filter((file) => synced(file, directory, true));
  return {
    synced: strict.filter((file) => loose.includes(file)),
    ambiguous: [...strict, ...loose].filter((file) => !(strict.includes(file) && loose.includes(file))),
  };
}
