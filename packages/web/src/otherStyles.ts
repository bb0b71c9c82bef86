// Ant Design's styles of the components the sign-in page does not use (build/antd-styles.ts).
import 'virtual:antd-other.css';
