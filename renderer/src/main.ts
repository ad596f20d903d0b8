// First: sends the session check while the rest of the app is still being evaluated.
import './stores/first-session-check';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/theme-chalk/base.css';
// Components are imported on demand with their styles; the services called from code (messages,
// confirmations, v-loading) are not seen by that, so their styles are imported here.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/loading/style/css';
import './styles.css';
import App from './App.vue';
import { router } from './router';

createApp(App).use(createPinia()).use(router).mount('#app');
