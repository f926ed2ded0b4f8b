<?xml version="1.0" encoding="UTF-8"?>
<!-- The hub's RSS 2.0 and Atom feeds shown to a person who opens them in a browser
     (referenced by an xml-stylesheet processing instruction; feed readers ignore it). -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="titre" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="accueil" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="fr">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$titre"/> (flux d’actualités)</title>
        <style>
          body{font-family:Marianne,Arial,sans-serif;margin:0;color:#161616;background:#fff;line-height:1.5}
          header,main{max-width:48rem;margin:0 auto;padding:1rem 1.25rem}
          header{border-bottom:1px solid #ddd}
          .marque{font-weight:700;margin:0}
          .aide{background:#e8edff;border-left:4px solid #000091;padding:.75rem 1rem;margin:1rem 0}
          h1{font-size:1.75rem;line-height:1.25;margin:1rem 0 .5rem}
          h2{font-size:1.25rem;margin:0 0 .25rem}
          article{border-bottom:1px solid #ddd;padding:1rem 0}
          a{color:#000091}
          a:focus{outline:2px solid #0a76f6;outline-offset:2px}
          .date{color:#3a3a3a;font-size:.875rem;margin:0 0 .5rem}
          code{word-break:break-all}
        </style>
      </head>
      <body>
        <header><p class="marque"><a href="/">1000 premiers jours</a></p></header>
        <main id="contenu">
          <h1><xsl:value-of select="$titre"/></h1>
          <p><xsl:value-of select="$description"/></p>
          <div class="aide">
            <p>Cette page est un <strong>flux d’actualités</strong> : pour être prévenu·e des nouveaux articles, copiez son adresse dans votre lecteur de flux (RSS ou Atom).</p>
          </div>
          <h2>Les derniers articles</h2>
          <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          <xsl:if test="not(/rss/channel/item | /atom:feed/atom:entry)">
            <p>Aucun article publié pour le moment.</p>
          </xsl:if>
          <p><a href="{$accueil}">Retour au site</a></p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article>
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p class="date">Publié le <xsl:value-of select="pubDate"/></p>
      <p><xsl:value-of select="description"/></p>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article>
      <h3><a href="{atom:link[@rel='alternate']/@href | atom:link[not(@rel)]/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="date">Mis à jour le <xsl:value-of select="substring(atom:updated, 1, 10)"/></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
