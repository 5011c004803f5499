;;; drive-message.el --- test driver for mailcheck.el in emacs --batch -*- lexical-binding: t -*-
;; Composes $BODY_FILE in message-mode (with $EXTRA_HEADERS) and sends it with
;; `message-send'; "sending" writes the buffer to $OUT_FILE. Prints SENT or
;; BLOCKED: <error>, then the *mailcheck* buffer.
(require 'message)
(setq user-mail-address "o.vinogradov@severcode.ru"
      user-full-name "Олег Виноградов"
      message-interactive nil
      message-send-mail-function
      (lambda ()
        (let ((coding-system-for-write 'utf-8))
          (write-region (point-min) (point-max) (getenv "OUT_FILE")))))
(let ((body (with-temp-buffer
              (let ((coding-system-for-read 'utf-8))
                (insert-file-contents (getenv "BODY_FILE")))
              (buffer-string))))
  (with-current-buffer (get-buffer-create "*draft*")
    (message-mode)
    (insert "To: n.k@teplodom-opt.ru\nSubject: Макет сайта\n"
            (or (getenv "EXTRA_HEADERS") "")
            mail-header-separator "\n" body)
    (condition-case err
        (progn (message-send) (princ "SENT\n"))
      (error (princ (format "BLOCKED: %s\n" (error-message-string err)))))
    (with-current-buffer (get-buffer-create "*mailcheck*")
      (princ (buffer-string)))))
