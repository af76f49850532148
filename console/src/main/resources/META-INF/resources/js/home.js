import { publicPage } from './layout.js';
publicPage();
