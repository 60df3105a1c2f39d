import type { Failure } from './failure';
import { redact } from './redact';
import { originOf, stripUserinfo } from './url';

/** Longest tracker text quoted in a message; the whole text goes to the error's detail field. */
export const MAX_QUOTED_TRACKER_TEXT = 300;

/** Cuts a text to `max` characters with an ellipsis and the full length. */
export function trimText(text: string, max = MAX_QUOTED_TRACKER_TEXT): string {
	return text.length > max ? `${text.slice(0, max)}… (${text.length} characters; full text in the error details)` : text;
}

/** A redirect target as shown in a message: scheme, host and path (no user, password or query), ≤ 80 chars. */
export function shownLocation(location: string): string {
	const bare = stripUserinfo(location).replace(/[?#].*$/, '');
	return bare.length > 80 ? bare.slice(0, 80) + '…' : bare;
}

export interface MessageContext {
	tracker: string;
	/** Host part of the tracker URL (never contains a secret). */
	host?: string;
	/** Method and path of the request (no query string). */
	requestLine?: string;
	entity?: { label: string; id?: string | number };
	attempts?: number;
	timeoutMs?: number;
	keyHint?: string;
	secrets?: string[];
	/** The URL the request went to (for redirect messages). */
	requestUrl?: string;
	/** Human name of the secret fields (for a key that cannot be sent). */
	credentialFields?: string;
}

export interface Described {
	message: string;
	description: string;
}

function said(f: Failure, secrets: string[] | undefined): string {
	return f.trackerMessage ? ` The tracker said: "${trimText(redact(f.trackerMessage, secrets))}".` : '';
}

/** The tracker's whole message for the description, when the message had to be trimmed. */
function fullText(f: Failure, secrets: string[] | undefined): string {
	if (!f.trackerMessage || f.trackerMessage.length <= MAX_QUOTED_TRACKER_TEXT - 60) return '';
	const full = redact(f.trackerMessage, secrets);
	return `\nThe tracker's full message: ${full.length > 4000 ? full.slice(0, 4000) + '…' : full}`;
}

function afterAttempts(attempts: number | undefined): string {
	return attempts && attempts > 1 ? ` It still failed after ${attempts} attempts.` : '';
}

/**
 * One sentence a marketer understands (the message) and what to do about it (the description).
 * Messages never contain low-level error codes: n8n rewrites messages that mention them.
 */
export function describeFailure(f: Failure, ctx: MessageContext): Described {
	const t = ctx.tracker;
	const status = f.status ? ` (HTTP ${f.status})` : '';
	const where = ctx.requestLine ? ` Request: ${ctx.requestLine}.` : '';
	const secrets = ctx.secrets;
	const hint = ctx.keyHint ? ` ${ctx.keyHint}` : '';
	let out: Described;
	switch (f.kind) {
		case 'auth':
			out = {
				message: `${t} rejected the API key${status}`,
				description: `Check the API key in your ${t} credential: it may be mistyped, revoked, or belong to a user that was deleted or disabled.${hint}${said(f, secrets)}`,
			};
			break;
		case 'forbidden':
			out = {
				message: `${t} refused this action for your API key${status}`,
				description: `The key is valid, but its user has no permission for this part of the tracker. Give the user access to it in the tracker, or use an admin user's key.${said(f, secrets)}${where}`,
			};
			break;
		case 'firewall':
			out = {
				message: `A firewall in front of ${t} blocked the request${status}`,
				description: `Cloudflare or a similar firewall protecting the tracker refused n8n's request. Allow the n8n server's IP address, or switch off bot protection for the tracker's API path.`,
			};
			break;
		case 'licence':
			out = {
				message: `${t} says your plan or licence does not include API access${status}`,
				description: `The tracker refused the API call because of its edition or licence. Check that the licence is active and that your edition includes the API.${said(f, secrets)}`,
			};
			break;
		case 'entityNotFound': {
			const label = ctx.entity?.label ?? 'The requested item';
			const id = ctx.entity?.id !== undefined && ctx.entity.id !== '' ? ` ${ctx.entity.id}` : '';
			out = {
				message: `${label}${id} was not found in ${t}${status}`,
				description: `It may have been deleted or moved to the archive, or the ID is wrong. Pick it from the list or check the ID in the tracker.${said(f, secrets)}`,
			};
			break;
		}
		case 'wrongUrl':
			out = {
				message: `${t} has no API at this address${status}`,
				description: `Check the tracker URL in the credential: use the address you open the tracker with, for example https://tracker.example.com, without extra paths.${where}${said(f, secrets)}`,
			};
			break;
		case 'htmlPage':
			out = {
				message: `${t} answered with a web page instead of data`,
				description: `The tracker URL probably points at the wrong place (a login page, the admin panel, a parking page or another website). Use the tracker's base address, for example https://tracker.example.com.${where}`,
			};
			break;
		case 'validation': {
			const fields = f.fieldErrors
				? Object.entries(f.fieldErrors).map(([k, v]) => `${k}: ${v.join(', ')}`)
				: [];
			const summary = fields.length
				? `: ${fields.join('; ')}`
				: f.trackerMessage
					? `: ${f.trackerMessage}`
					: '';
			out = {
				message: trimText(redact(`${t} rejected the data${status}${summary}`, secrets)),
				description: fields.length
					? `Fix these fields and run again:\n${fields
							.slice(0, 20)
							.map((l) => `- ${trimText(redact(l, secrets), 200)}`)
							.join('\n')}${fields.length > 20 ? `\n… and ${fields.length - 20} more` : ''}`
					: `The tracker did not accept the values that were sent.${said(f, secrets)}${where}${fullText(f, secrets)}`,
			};
			break;
		}
		case 'badRequest':
			out = {
				message: trimText(redact(`${t} rejected the request${status}${f.trackerMessage ? `: ${f.trackerMessage}` : ''}`, secrets)),
				description: `One of the values sent is not valid for the tracker (a name, an operator, a date or a column).${where}${fullText(f, secrets)}`,
			};
			break;
		case 'rateLimited': {
			const wait = f.retryAfterMs !== undefined ? ` The tracker asked to wait ${Math.ceil(f.retryAfterMs / 1000)} s.` : '';
			out = {
				message: `${t} is limiting how often n8n may call it${status}`,
				description: `Too many requests in a short time.${afterAttempts(ctx.attempts)}${wait} Poll less often, lower the page size, or spread your workflows out.`,
			};
			break;
		}
		case 'server':
			out = {
				message: `${t} had an internal error${status}`,
				description: `The tracker (or a proxy in front of it) failed to handle the request.${afterAttempts(ctx.attempts)} It may be overloaded or restarting: try again later; for big reports, narrow the date range.${said(f, secrets)}`,
			};
			break;
		case 'refused':
			out = {
				message: `Could not connect to ${ctx.host ?? t}: the connection was refused`,
				description: `Nothing accepts connections at that address. Check the tracker URL in the credential (host name, port, http or https) and that the tracker is running.`,
			};
			break;
		case 'dns':
			out = {
				message: `The tracker address ${ctx.host ?? ''} could not be found`.replace('  ', ' '),
				description: `The host name does not exist in DNS. Check the tracker URL in the credential for typos.`,
			};
			break;
		case 'timeout': {
			const ms = ctx.timeoutMs;
			const secs = !ms ? ' in time' : ms >= 1000 ? ` within ${Math.round(ms / 1000)} seconds` : ` within ${ms} ms`;
			out = {
				message: `${t} did not answer${secs}`,
				description: `The tracker is slow or unreachable.${afterAttempts(ctx.attempts)} For big reports or logs, narrow the date range or raise the Timeout option; otherwise check that the tracker is up and reachable from the n8n server.`,
			};
			break;
		}
		case 'reset':
			out = {
				message: `The connection to ${t} was cut off before the answer arrived`,
				description: `The tracker or the network closed the connection.${afterAttempts(ctx.attempts)} Try again; if it keeps happening, check proxies or firewalls between n8n and the tracker.`,
			};
			break;
		case 'tls':
			out = {
				message: `The secure (HTTPS) connection to ${ctx.host ?? t} failed`,
				description: `The tracker's SSL certificate is invalid, expired or self-signed. Fix the certificate, or use the URL the certificate was issued for.`,
			};
			break;
		case 'invalidJson':
			out = {
				message: `${t} sent an incomplete or unreadable answer`,
				description: `The response was not valid JSON: it may have been cut off by the network or changed by a proxy.${afterAttempts(ctx.attempts)} Try again.${where}`,
			};
			break;
		case 'cancelled':
			out = {
				message: `The request to ${t} was cancelled`,
				description: `The workflow was stopped while it was waiting for the tracker.`,
			};
			break;
		case 'redirect': {
			if (!f.location) {
				out = {
					message: `${t} redirected the request too many times`,
					description: `The tracker kept sending n8n to other addresses. Check the tracker URL in the credential: use the address the tracker finally opens at.${where}`,
				};
				break;
			}
			const to = shownLocation(f.location);
			const from = ctx.requestUrl ? originOf(ctx.requestUrl) : undefined;
			const target = originOf(f.location);
			const onlyScheme =
				from !== undefined &&
				target !== undefined &&
				from.startsWith('http:') &&
				target.startsWith('https:') &&
				hostnameOf(from) === hostnameOf(target);
			const sameOrigin = from !== undefined && from === target;
			out = sameOrigin
				? {
						message: `${t} redirected to ${to}: check the tracker URL`,
						description: `The tracker answered this ${ctx.requestLine?.split(' ')[0] ?? ''} request with a redirect (HTTP ${f.status ?? 'redirect'}) that would change it into a different request, so n8n stopped instead of sending it.${where}`.replace('this  request', 'this request'),
					}
				: {
						message: `${t} redirected to ${to}: check the tracker URL`,
						description: `${
							onlyScheme
								? 'The tracker sends http:// requests to https://. Change the tracker URL in the credential to start with https://.'
								: 'The tracker sent n8n to another address. Put the tracker\'s real address in the credential.'
						} n8n never follows a redirect to another address (scheme, host or port), so your credentials were not sent there.${where}`,
					};
			break;
		}
		case 'tooLarge': {
			const mb = f.limitBytes !== undefined ? ` (${formatBytes(f.limitBytes)})` : '';
			out = {
				message: `${t} sent an answer larger than the limit${mb}`,
				description: `n8n stopped reading the answer to keep the workflow's memory bounded. Ask for less at a time: narrow the date range, lower the page size or limit, or pick fewer columns; or raise the Max Answer Size option if the server has memory for it.${where}`,
			};
			break;
		}
		case 'badCredential':
			out = {
				message: `The ${t} credential holds a value that cannot be sent${ctx.credentialFields ? ` (${ctx.credentialFields})` : ''}`,
				description: `A key, token or URL in the credential contains a line break, a space or another character that is not allowed in a web request. Open the ${t} credential, paste the value again on one line, and save.`,
			};
			break;
		default:
			out = {
				message: `The request to ${t} failed${status}`,
				description: `${f.trackerMessage ? trimText(redact(f.trackerMessage, secrets)) : 'Unexpected error.'}${where}`,
			};
	}
	if (f.preparedMessage) out = { message: f.preparedMessage, description: f.preparedDescription ?? out.description };
	return { message: redact(out.message, secrets), description: redact(out.description, secrets) };
}

export function formatBytes(n: number): string {
	if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
	if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} kB`;
	return `${n} bytes`;
}

function hostnameOf(origin: string): string {
	try {
		return new URL(origin).hostname;
	} catch {
		return origin;
	}
}
