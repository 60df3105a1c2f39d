/**
 * Headless Debian chromium driven by playwright-core (installed with the pinned n8n in
 * the n8n install folder, not in the project root), for the editor test and screenshots.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import { CHROMIUM, N8N_DIR } from './paths';

/** The small part of the playwright-core API used here (its types are not installed in the root). */
export interface Locator {
	first(): Locator;
	last(): Locator;
	nth(index: number): Locator;
	filter(options: { hasText?: string | RegExp }): Locator;
	locator(selector: string): Locator;
	click(options?: {
		timeout?: number;
		force?: boolean;
		position?: { x: number; y: number };
	}): Promise<void>;
	dblclick(options?: { timeout?: number; force?: boolean }): Promise<void>;
	fill(value: string, options?: { timeout?: number }): Promise<void>;
	press(key: string): Promise<void>;
	waitFor(options?: {
		state?: 'attached' | 'detached' | 'visible' | 'hidden';
		timeout?: number;
	}): Promise<void>;
	innerText(options?: { timeout?: number }): Promise<string>;
	count(): Promise<number>;
	isVisible(): Promise<boolean>;
	screenshot(options: { path: string }): Promise<Buffer>;
	/** Runs `fn` in the page on every matching element (serialized: no closures). */
	evaluateAll<R>(
		fn: (elements: Array<{ value?: string; textContent: string | null }>) => R,
	): Promise<R>;
}

export interface Page {
	goto(
		url: string,
		options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle'; timeout?: number },
	): Promise<unknown>;
	locator(selector: string): Locator;
	getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
	waitForURL(
		url: string | RegExp | ((url: URL) => boolean),
		options?: { timeout?: number },
	): Promise<void>;
	waitForTimeout(ms: number): Promise<void>;
	screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
	url(): string;
	keyboard: { press(key: string): Promise<void> };
	on(
		event: 'console' | 'pageerror',
		listener: (arg: { text?: () => string; message?: string }) => void,
	): void;
}

export interface BrowserContext {
	newPage(): Promise<Page>;
	close(): Promise<void>;
}

export interface Browser {
	newContext(options?: {
		viewport?: { width: number; height: number };
		deviceScaleFactor?: number;
	}): Promise<BrowserContext>;
	close(): Promise<void>;
}

interface Playwright {
	chromium: {
		launch(options: {
			executablePath: string;
			headless: boolean;
			args: string[];
			timeout?: number;
		}): Promise<Browser>;
	};
}

/** The flags the project uses for chromium (no network besides 127.0.0.1, no GPU, no sandbox as root). */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

function loadPlaywright(): Playwright {
	const candidates = [
		path.join(N8N_DIR, 'package.json'),
		path.join(__dirname, '..', '..', '..', 'package.json'),
	];
	let lastError: unknown;
	for (const from of candidates) {
		try {
			return createRequire(from)('playwright-core') as Playwright;
		} catch (error) {
			lastError = error;
		}
	}
	throw new Error(
		`playwright-core is not installed (the e2e n8n install, test/e2e/n8n/package.json, brings it): ${(lastError as Error)?.message}`,
	);
}

export async function launchChromium(): Promise<Browser> {
	return await loadPlaywright().chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		timeout: 60_000,
	});
}
