"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 (free port), stopped and started again at
will. `retenue_secondes` holds the « 250 » of the first message (or the next one, with
`retenir_prochain_message`) that long after storing it: a
worker killed meanwhile never learns that its message was accepted (the fault of `kill -9`);
`retenue_rcpt_secondes` holds the answer to the first recipient instead: a worker killed then
surely sent nothing."""

from __future__ import annotations

import asyncio
import threading
import time

from tests.support.redis import free_port


class ServeurSmtp:
    def __init__(self, retenue_secondes: float = 0.0, retenue_rcpt_secondes: float = 0.0):
        self.port = free_port()
        self.messages = []
        self.retenue_secondes = retenue_secondes
        self._a_retenir = bool(retenue_secondes)
        self.retenue_rcpt_secondes = retenue_rcpt_secondes
        self._rcpt_retenu = False
        self.premier_recu = threading.Event()
        self._lock = threading.Lock()
        self.controller = None

    def retenir_prochain_message(self, secondes: float) -> None:
        """The next message is stored at once, and its « 250 » sent `secondes` later."""
        with self._lock:
            self.retenue_secondes, self._a_retenir = secondes, True
        self.premier_recu.clear()

    def start(self):
        from aiosmtpd.controller import Controller

        serveur = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if serveur.retenue_rcpt_secondes and not serveur._rcpt_retenu:
                    serveur._rcpt_retenu = True
                    serveur.premier_recu.set()
                    await asyncio.sleep(serveur.retenue_rcpt_secondes)
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with serveur._lock:
                    serveur.messages.append(envelope)
                    retenir, serveur._a_retenir = serveur._a_retenir, False
                if retenir:
                    serveur.premier_recu.set()
                    await asyncio.sleep(serveur.retenue_secondes)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
            time.sleep(0.05)
