import type { ThemeConfig } from 'antd';

/**
 * The office's Ant Design theme: the browser's (main.tsx) and the server's
 * first-page rendering (server/firstPage.tsx) must be the same, or the page
 * shown before the office's code has run would not look like the office.
 */
export function officeTheme(reducedMotion: boolean): ThemeConfig {
  return {
    zeroRuntime: true,
    token: {
      colorPrimary: '#1f4e8c',
      colorLink: '#1f4e8c',
      colorInfo: '#1f4e8c',
      // The tints derived from so dark a blue come out grey; these keep text on them readable.
      colorPrimaryBg: '#e8eef7',
      colorInfoBg: '#e8eef7',
      colorInfoBorder: '#b3c5e0',
      colorError: '#cf1322',
      borderRadius: 6,
      motion: !reducedMotion,
      // Ant Design's default greys (45 % black) fall below WCAG AA contrast on white and light grey.
      colorTextSecondary: '#595959',
      colorTextTertiary: '#595959',
      colorTextDescription: '#595959',
      colorTextPlaceholder: '#6e6e6e',
      // Also the colour of tables' empty-state sentences, which people must be able to read.
      colorTextDisabled: '#6e6e6e',
    },
  };
}
