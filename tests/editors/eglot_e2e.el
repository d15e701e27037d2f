;;; eglot_e2e.el --- byok lsp in a real Emacs (eglot), as docs/editors.md sets it up  -*- lexical-binding: t -*-
;;
;; Runs in batch mode: starts the provider emulator, points a scratch byok config at it, opens a Python file
;; with eglot managing it through `byok lsp` (the docs' eglot-server-programs entry), then
;;  - the server's capabilities reach eglot (inline completion, code actions, execute command);
;;  - the "byok: Rewrite selection…" code action for a region, executed through eglot, comes back as a
;;    workspace/applyEdit that eglot applies: the region now reads the emulator's answer;
;;  - a custom request (byok/chat) answers through eglot's connection, as the docs show.
;; Environment: BYOK_BIN, BYOK_EMULATOR. Exits 0 and prints "ok" when every check holds.

;; Debian's elpa-eglot (and the newer project/xref/seq it needs) live under site-lisp/elpa.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (when (file-directory-p dir) (add-to-list 'load-path dir)))
(require 'eglot)
(require 'python)
(require 'json)

(defvar byok-test-failed nil)

(defun byok-check (ok what)
  (unless ok
    (setq byok-test-failed t)
    (message "FAIL: %s" what)))

(defun byok-wait (pred what &optional seconds)
  (let ((deadline (+ (float-time) (or seconds 20))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (byok-check (funcall pred) (format "timed out waiting for %s" what))))

;; The emulator prints one JSON line with its URLs.
(defvar byok-emu-line nil)
(defvar byok-emu
  (make-process :name "byok-emulator" :buffer nil :connection-type 'pipe
                :command (list (getenv "BYOK_EMULATOR") "--no-https" "--exit-on-stdin-eof")
                :filter (lambda (_p out) (unless byok-emu-line (setq byok-emu-line out)))))
(byok-wait (lambda () byok-emu-line) "the emulator")
(defvar byok-url (cdr (assq 'http_url (json-read-from-string (car (split-string byok-emu-line "\n"))))))

;; A scratch HOME: config pointing at the emulator, data dir for the ledger.
(defvar byok-home (make-temp-file "byok-eglot-" t))
(make-directory (expand-file-name "config/byok" byok-home) t)
(with-temp-file (expand-file-name "config/byok/config.json" byok-home)
  (insert (json-encode `((providers . ((emu . ((preset . "openai-compatible") (base_url . ,(concat byok-url "/v1"))))))
                         (default . ((provider . "emu") (model . "emu-echo")))))))
(setenv "HOME" byok-home)
(setenv "XDG_CONFIG_HOME" (expand-file-name "config" byok-home))
(setenv "XDG_DATA_HOME" (expand-file-name "data" byok-home))

;; docs/editors.md's setup (with the engine under test instead of `byok` on PATH).
(add-to-list 'eglot-server-programs
             `((python-mode) . (,(getenv "BYOK_BIN") "lsp" :initializationOptions (:chat (:model "emu:emu-echo")))))
(setq eglot-confirm-server-initiated-edits nil)  ; batch mode cannot answer a y-or-n-p

(defvar byok-dir (make-temp-file "byok-eglot-project-" t))
(let ((default-directory byok-dir))
  (with-temp-file (expand-file-name "a.py" byok-dir)
    (insert "def add(a, b):\n    return a+b  # ünï ✓\n")))
(find-file (expand-file-name "a.py" byok-dir))
(python-mode)
;; M-x eglot, as a user would (eglot-ensure waits for the command loop, which batch mode does not run); the
;; server program comes from the eglot-server-programs entry above.
(let ((contact (cdr (assoc '(python-mode) eglot-server-programs))))
  (eglot '(python-mode) `(transient . ,byok-dir) 'eglot-lsp-server contact "python"))
(byok-wait (lambda () (eglot-current-server)) "eglot to connect to byok lsp")
(defvar byok-server (eglot-current-server))

;; Capabilities as eglot sees them.
(byok-check (eglot--server-capable :codeActionProvider) "codeActionProvider")
(byok-check (eglot--server-capable :executeCommandProvider) "executeCommandProvider")
(byok-check (eglot--server-capable :inlineCompletionProvider) "inlineCompletionProvider")

;; The rewrite code action on the second line, executed through eglot.
(goto-char (point-min))
(forward-line 1)
(let* ((beg (line-beginning-position))
       (end (line-end-position))
       (actions (jsonrpc-request byok-server :textDocument/codeAction
                                 (list :textDocument (eglot--TextDocumentIdentifier)
                                       :range (list :start (eglot--pos-to-lsp-position beg)
                                                    :end (eglot--pos-to-lsp-position end))
                                       :context (list :diagnostics [])))))
  (byok-check (and (> (length actions) 0)
                   (string-match-p "Rewrite selection" (plist-get (aref actions 0) :title)))
              (format "the rewrite code action (got %S)" actions))
  (when (> (length actions) 0)
    (let ((command (plist-get (aref actions 0) :command)))
      (eglot-execute-command byok-server (plist-get command :command) (plist-get command :arguments)))))
;; The engine rewrote with the default instruction; emu-echo answers with the prompt it got, which ends in the
;; selected text: the line is replaced by the echo.
(byok-wait (lambda () (string-match-p "echo: " (buffer-string))) "the rewrite to be applied to the buffer")
(byok-check (string-prefix-p "def add(a, b):\n" (buffer-string)) "the first line stays as it was")
(byok-check (string-match-p "ünï ✓" (buffer-string)) "multi-byte text survives the round trip")

;; A custom request, as the docs show.
(let ((reply (jsonrpc-request byok-server :byok/chat '(:prompt "Explain this file"))))
  (byok-check (equal (plist-get reply :text) "echo: Explain this file") (format "byok/chat answered %S" reply)))

(eglot-shutdown byok-server)
(process-send-eof byok-emu)
(if byok-test-failed
    (kill-emacs 1)
  (princ "ok\n")
  (kill-emacs 0))
