import { createTheme } from '@mantine/core';

// CJK and Cyrillic capable system fonts first, so names in every script render natively.
const fontFamily =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', 'Hiragino Sans GB', " +
  "'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif";

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily,
  headings: { fontFamily, fontWeight: '650' },
  fontFamilyMonospace: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, monospace",
  components: {
    Card: { defaultProps: { withBorder: true, padding: 'md' } },
    // Upper-case badges shout in Cyrillic and do nothing for Chinese: keep the text as written.
    // A badge is a word or two: table columns must make room for it, not cut it to "Вла…".
    Badge: {
      defaultProps: { variant: 'light' },
      styles: { root: { textTransform: 'none' }, label: { minWidth: 'max-content' } },
    },
    // Picking the chosen option again must not empty the field (Mantine deselects by default):
    // a required choice would go blank unseen. Emptying an optional one is what `clearable` is for.
    Select: { defaultProps: { allowDeselect: false } },
    Modal: {
      defaultProps: { centered: true },
      styles: { title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } },
    },
  },
});
