// The standalone binary's one script (Node's single-executable application, built by scripts/release-cli.mjs):
// the prefetch first, as bin/portdoctor.js does with its two files, then the CLI.
import './prefetch';
import './main';
