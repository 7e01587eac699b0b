"""python-zaqarclient against Sluice in auth mode keystone, as a Zaqar deployment's users run it.

Usage: zaqar_keystone.py SERVER KEYSTONE_V3 USER PASSWORD PROJECT QUEUE
Prints one JSON object: what the client saw, and the status of the same call without credentials.
"""
import json
import sys

from zaqarclient.queues import client
from zaqarclient.transport import errors

server, keystone, user, password, project, queue = sys.argv[1:7]
keystone_conf = {'auth_opts': {'backend': 'keystone', 'options': {
    'os_auth_url': keystone, 'os_username': user, 'os_password': password, 'os_project_name': project,
    'os_user_domain_name': 'Default', 'os_project_domain_name': 'Default'}}}
authed = client.Client(server, version=2, conf=keystone_conf)
q = authed.queue(queue)
q.post([{'body': {'from': user}, 'ttl': 300}])
messages = list(q.claim(ttl=60, grace=60, limit=5))
claimed = [m.body for m in messages]
for message in messages:
    message.delete()
seen = {'claimed': claimed, 'stats': q.stats['messages']}

anonymous = client.Client(server, version=2, conf={'auth_opts': {'backend': 'noauth', 'options': {'os_project_id': project}}})
try:
    anonymous.queue(queue).post([{'body': 'anonymous'}])
    seen['anonymous'] = 'posted'
except errors.UnauthorizedError:
    seen['anonymous'] = '401'
print(json.dumps(seen))
