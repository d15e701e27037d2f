// A minimal LSP server on vscode-languageserver (what a TypeScript engine would cost at rest): incremental
// text sync and an inline-completion capability, no features behind them. The footprint baseline.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node.js';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments({
  create: (uri, languageId, version, content) => ({ uri, languageId, version, content }),
  update: (doc, changes, version) => ({ ...doc, version }),
});
connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, inlineCompletionProvider: true },
  serverInfo: { name: 'node-baseline', version: '0' },
}));
documents.listen(connection);
connection.listen();
