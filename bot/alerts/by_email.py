"""The safeguarding alert as an email to the lead (or a shared safeguarding inbox), through the council's own
mail server. Like every alert it names ids, never the child's words.

Settings (read by `bot.settings`): SAYIT_CONCERN_EMAIL_TO (one or more addresses, comma-separated),
SAYIT_CONCERN_EMAIL_FROM, SAYIT_SMTP_HOST, SAYIT_SMTP_PORT (default 587 with STARTTLS, 25 without),
SAYIT_SMTP_STARTTLS (1 or 0, default 1), SAYIT_SMTP_USER and SAYIT_SMTP_PASSWORD when the server asks for them.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from bot.alerts.notifier import ConcernAlert
from bot.settings import email_alert_settings

TIMEOUT_SECONDS = 20


class EmailChannel:
    name = "email"

    def __init__(self, recipients: list[str], sender: str, host: str, port: int, starttls: bool,
                 user: str = "", password: str = ""):
        self.recipients = recipients
        self.sender = sender
        self.host, self.port, self.starttls = host, port, starttls
        self.user, self.password = user, password

    @classmethod
    def from_env(cls) -> EmailChannel | None:
        s = email_alert_settings()
        return cls(s.recipients, s.sender, s.host, s.port, s.starttls, s.user, s.password) if s else None

    def message(self, alert: ConcernAlert) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = f"SayIt: concern {alert.concern_id} needs a safeguarding review"
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        fields = alert.fields()
        message.set_content(
            "A reply in a SayIt survey may mean a young person is unsafe.\n"
            "The bot has already given them the Childline number (0800 1111) and asked if they want to carry on.\n\n"
            + "".join(f"{key}: {value}\n" for key, value in fields.items() if key != "event")
            + "\nThe words are not in this email. Read them on the SayIt server with `sayit concerns`, then mark "
              f"the concern reviewed with `sayit concerns --reviewed {alert.concern_id} --by \"Your Name\"`.\n")
        return message

    def deliver(self, alert: ConcernAlert) -> None:
        # smtplib's errors (refused, rejected, no STARTTLS, bad login) are OSErrors, which the Notifier logs
        with smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(self.message(alert))
