import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the page's URLs start; every asset is served under it. */
export const swaggerUiPrefix = '/swagger';

/**
 * Starts Swagger UI on the document this API serves, with nothing that reaches another origin: no
 * validator badge (validator.swagger.io by default), no top bar that loads any URL typed in, no
 * configuration from the query string. A file of its own, so the page has no inline script.
 */
const initializer = `window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    persistAuthorization: true,
    validatorUrl: null,
    queryConfigEnabled: false,
  });
});
`;

export interface SwaggerUiAsset {
  /** The URL path, with the content's hash in the file name: a new version is a new URL. */
  readonly path: string;
  readonly contentType: string;
  /** The file's bytes, read on the first request for it and kept: most pods never serve Swagger UI. */
  readonly body: () => Uint8Array<ArrayBuffer>;
}

export interface SwaggerUiAssets {
  /** The version of swagger-ui-dist served (its package.json). */
  readonly version: string;
  readonly page: string;
  readonly files: readonly SwaggerUiAsset[];
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

/**
 * The folder of swagger-ui-dist: beside the production bundle (`swagger-ui/`, copied by
 * tools/bundle-app.mjs), else the installed package (tests, `pnpm start`).
 */
function distFolder(): string {
  const besideBundle = fileURLToPath(new URL('swagger-ui/', import.meta.url));
  if (existsSync(join(besideBundle, 'package.json'))) return besideBundle;
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch (error) {
    throw new Error(
      `Swagger UI's files are neither in ${besideBundle} (the production bundle) nor installed (swagger-ui-dist)`,
      { cause: error },
    );
  }
}

function hashedAsset(name: string, read: () => Uint8Array<ArrayBuffer>): SwaggerUiAsset {
  const dot = name.lastIndexOf('.');
  const extension = name.slice(dot);
  const hash = createHash('sha256').update(read()).digest('hex').slice(0, 16);
  let body: Uint8Array<ArrayBuffer> | undefined;
  return {
    path: `${swaggerUiPrefix}/${name.slice(0, dot)}.${hash}${extension}`,
    contentType: contentTypes[extension] ?? 'application/octet-stream',
    body: () => (body ??= read()),
  };
}

function loadAssets(): SwaggerUiAssets {
  const folder = distFolder();
  const version = (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
  // The files of the pinned swagger-ui-dist the page loads; tools/bundle-app.mjs copies the same.
  // Read once here for the hash, not kept (1.7 MB of an idle pod's memory), and again when first served.
  const read = (name: string) => hashedAsset(name, () => new Uint8Array(readFileSync(join(folder, name))));
  const [bundle, css, indexCss, favicon] = [
    read('swagger-ui-bundle.js'),
    read('swagger-ui.css'),
    read('index.css'),
    read('favicon-32x32.png'),
  ];
  const init = hashedAsset('swagger-initializer.js', () => new TextEncoder().encode(initializer));
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="swagger-ui-dist ${version}">
<title>Users API — Swagger UI</title>
<link rel="stylesheet" href="${css.path}">
<link rel="stylesheet" href="${indexCss.path}">
<link rel="icon" type="image/png" sizes="32x32" href="${favicon.path}">
</head>
<body>
<noscript>Swagger UI needs JavaScript. The OpenAPI document itself: <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="${bundle.path}"></script>
<script src="${init.path}"></script>
</body>
</html>
`;
  return { version, page, files: [bundle, css, indexCss, favicon, init] };
}

let loaded: SwaggerUiAssets | undefined;

/** Swagger UI's page and its files' URLs, once per process; throws if the files are missing. */
export function swaggerUiAssets(): SwaggerUiAssets {
  loaded ??= loadAssets();
  return loaded;
}
