// window.teleworker's type (the global declaration lives with the renderer's API).
import type {} from '../../renderer/api/connect';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { BrowserHostProcess } from './browser-host.fixture';

/**
 * The browser host keeps one account for every page it serves, like the Electron app: each test
 * starts from the sign-in screen whatever the test before it left behind.
 */
export async function openSignedOut(page: Page, host: BrowserHostProcess, locale?: 'en' | 'id') {
  // Each test has a new browser context, so without a choice the page follows the browser (English).
  if (locale) await page.addInitScript((l) => localStorage.setItem('teleworker.locale', l), locale);
  await page.goto(host.url);
  await page.evaluate(async () => {
    const state = await window.teleworker!.account.getState();
    if (state.ok && state.value.status === 'signed-in') await window.teleworker!.account.signOut();
  });
  await expect(page.locator('#sign-in-username')).toBeVisible();
}

export async function signIn(page: Page, host: BrowserHostProcess, username: string, locale?: 'en' | 'id') {
  await openSignedOut(page, host, locale);
  await page.locator('#sign-in-username').fill(username);
  await page.locator('#sign-in-password').fill('teleworker');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('navigation')).toBeVisible();
}

/** The tag and text of whatever has the keyboard focus ('BODY' is the failure the frame prevents). */
export const focused = (page: Page) =>
  page.evaluate(() => ({
    tag: document.activeElement?.tagName ?? 'NONE',
    text: document.activeElement?.textContent ?? '',
    visible: document.activeElement?.matches(':focus-visible') ?? false,
  }));
