"""python-zaqarclient against Sluice: the owner shares a queue, a guest uses the pre-signed URL with the
client's signed-url auth backend. Prints one JSON object of what each step saw (for ZaqarClientSignedUrlTests)."""
import json
import sys

from zaqarclient.queues.v2 import client
from zaqarclient.transport import errors

url, project, queue = sys.argv[1], sys.argv[2], sys.argv[3]
seen = {}

owner = client.Client(url, version=2, conf={"auth_opts": {"backend": "noauth", "options": {"os_project_id": project}}})
shared = owner.queue(queue)
shared.post([{"body": {"from": "owner"}, "ttl": 300}])
grant = shared.signed_url(paths=["messages", "claims"], methods=["GET", "POST"], ttl_seconds=600)
seen["grant"] = grant

options = dict(grant, os_project_id=grant["project"])
guest = client.Client(url, version=2, conf={"auth_opts": {"backend": "signed-url", "options": options}})
mine = guest.queue(queue, auto_create=False)
listed = list(mine.messages(echo=True))
seen["listed"] = [m.body for m in listed]
seen["one"] = mine.message(listed[0].id).body
mine.post({"body": {"from": "guest"}})
claim = mine.claim(ttl=60, grace=60, limit=10)
seen["claimed"] = sorted(json.dumps(m.body, sort_keys=True) for m in claim)


def refused(action):
    try:
        action()
        return "allowed"
    except errors.ResourceNotFound:
        return "404"


seen["delete_queue"] = refused(mine.delete)
seen["subscriptions"] = refused(lambda: list(mine.subscriptions()))
seen["stats"] = refused(lambda: mine.stats)
other = guest.queue(queue + "-other", auto_create=False)
seen["other_queue"] = refused(lambda: list(other.messages(echo=True)))
print(json.dumps(seen))
