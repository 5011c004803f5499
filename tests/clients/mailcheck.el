;;; mailcheck.el --- проверка письма mailcheck перед отправкой (message-mode) -*- lexical-binding: t -*-
;; Работает в message-mode: Gnus, mu4e, notmuch, C-x m.
;; Письмо с ошибками (код выхода 1) не отправляется, замечания — в буфере *mailcheck*.
;; Заголовок «X-Mailcheck: skip» — отправить один раз без проверки (заголовок удаляется).

(require 'message)

(defun mailcheck-message-send-hook ()
  "Проверить письмо программой mailcheck; при ошибках не отправлять."
  (if (equal (downcase (or (save-restriction (message-narrow-to-headers)
                                             (message-fetch-field "X-Mailcheck"))
                           ""))
             "skip")
      (save-excursion
        (save-restriction
          (message-narrow-to-headers)
          (message-remove-header "X-Mailcheck")))
    (let ((text (buffer-substring-no-properties (point-min) (point-max)))
          (out (get-buffer-create "*mailcheck*")))
      (with-current-buffer out
        (let ((inhibit-read-only t)) (erase-buffer)))
      (with-temp-buffer
        (insert text)
        ;; «--text follows this line--» -> пустая строка, как в настоящем письме
        (goto-char (point-min))
        (when (re-search-forward
               (concat "^" (regexp-quote mail-header-separator) "$") nil t)
          (replace-match "" t t))
        (let* ((coding-system-for-write 'utf-8)
               (coding-system-for-read 'utf-8)
               (status (call-process-region (point-min) (point-max) "mailcheck"
                                            nil out nil
                                            "check" "--no-color" "--quiet" "-")))
          (cond ((eql status 0))
                ((eql status 1)
                 (display-buffer out)
                 (user-error "mailcheck: письмо не отправлено, замечания — в буфере *mailcheck*"))
                (t (message "mailcheck не смог проверить письмо (%s); отправляю без проверки"
                            status))))))))

(add-hook 'message-send-hook #'mailcheck-message-send-hook)
