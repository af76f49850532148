// Run by the mongo image once, on an empty data volume: notification-service's own user, allowed
// to read and write its own database only. The password comes from the env file.
db.getSiblingDB('notification').createUser({
  user: 'notification',
  pwd: process.env.NOTIFICATION_DB_PASSWORD,
  roles: [{ role: 'readWrite', db: 'notification' }]
});
