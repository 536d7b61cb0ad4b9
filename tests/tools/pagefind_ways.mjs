// Feed Pagefind through its Node API: `node pagefind_ways.mjs records.jsonl custom|html OUT`.
// custom: addCustomRecord with the text taken from the page (no HTML parsing in Pagefind);
// html: addHTMLFile with a minimal page holding the same text.
import fs from "fs";
import readline from "readline";
import path from "path";
import { fileURLToPath } from "url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pagefind = await import(path.join(root, "node_modules/pagefind/lib/index.js"));
const [file, mode, out] = process.argv.slice(2);
const { index } = await pagefind.createIndex({});
const lines = readline.createInterface({ input: fs.createReadStream(file) });
let n = 0;
for await (const line of lines) {
  const r = JSON.parse(line);
  if (mode === "html") {
    await index.addHTMLFile({
      url: r.url,
      content: `<html lang="zh-Hant"><body><main data-pagefind-body><h1>${r.meta.title}</h1><p>${r.content}</p></main></body></html>`,
    });
  } else {
    await index.addCustomRecord(r);
  }
  n++;
}
await index.writeFiles({ outputPath: out });
console.log(`INDEXED ${n}`);
await pagefind.close();
