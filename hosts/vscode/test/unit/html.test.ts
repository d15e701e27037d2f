import * as assert from 'assert';
import * as vscode from 'vscode';
import { contentSecurityPolicy, webviewHtml } from '../../src/webview/html';

describe('webview page', () => {
  it('has a strict CSP: nothing by default, scripts only by nonce, nothing remote', () => {
    const csp = contentSecurityPolicy('vscode-resource:', 'abc');
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'/);
    assert.ok(!/https?:|\*|unsafe-inline|unsafe-eval/.test(csp), csp);
  });

  it('loads only the extension\'s own script and style, with a fresh nonce each time', () => {
    const webview = { cspSource: 'vscode-resource:', asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview;
    const base = vscode.Uri.file('/ext');
    const a = webviewHtml(webview, base, 'chat', 't');
    const b = webviewHtml(webview, base, 'chat', 't');
    const nonce = (html: string) => /nonce-([^']+)'/.exec(html)![1];
    assert.notStrictEqual(nonce(a), nonce(b));
    assert.match(a, new RegExp(`<script nonce="${nonce(a).replace(/[+/=]/g, '\\$&')}" src="file:///ext/dist/webview.js">`));
    assert.match(a, /data-view="chat"/);
    assert.ok(!/<script(?![^>]*nonce)/.test(a));
  });
});
