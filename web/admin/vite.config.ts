/**
 * The admin app. `npm run build:admin` writes dist/admin/ (served by `npm start`, or S3 +
 * CloudFront in AWS); `npm run dev:admin` serves it with hot reload against the running `npm start`.
 */
import { webApp } from '../vite.shared';

export default webApp('admin', Number(process.env.ADMIN_PORT ?? 5175));
